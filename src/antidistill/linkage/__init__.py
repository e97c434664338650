"""Account linkage: dense blocks, synchronised actions, shared rare attributes and population shift.

Each detector takes account ids plus numpy/scipy arrays and returns typed results that carry
their members, a density or score, and the evidence (objects, constraints or values) that
ties the members together. A later stage assembles these into campaigns.
"""

from antidistill.linkage.attribute_graph import (
    AttributeGraph,
    AttributeGroup,
    AttributeLinker,
    AttributeLinkResult,
    SharedValue,
)
from antidistill.linkage.dense_tensor import DENSITY_MEASURES, DenseTensorBlocks, ModeValue, TensorBlock
from antidistill.linkage.fraudar import ColumnEvidence, DenseBlock, Fraudar, greedy_peel
from antidistill.linkage.mmd import MMD_ESTIMATORS, MMDResult, MMDTest
from antidistill.linkage.rarity import RARITY_WEIGHTS, RarityWeight
from antidistill.linkage.synchro import ConstraintEvidence, SyncGroup, SynchroResult, SynchroTrap, SyncPair

__all__ = [
    "DENSITY_MEASURES",
    "MMD_ESTIMATORS",
    "RARITY_WEIGHTS",
    "AttributeGraph",
    "AttributeGroup",
    "AttributeLinkResult",
    "AttributeLinker",
    "ColumnEvidence",
    "ConstraintEvidence",
    "DenseBlock",
    "DenseTensorBlocks",
    "Fraudar",
    "MMDResult",
    "MMDTest",
    "ModeValue",
    "RarityWeight",
    "SharedValue",
    "SyncGroup",
    "SyncPair",
    "SynchroResult",
    "SynchroTrap",
    "TensorBlock",
    "greedy_peel",
]
