"""vLLM adapter: a custom logits processor taking the watermark key id per request.

The gateway (or any client we trust) sends ``"vllm_xargs": {"antidistill_wm_key_id": "acct:42"}``
(see ``keys.watermark_request_fields``); vLLM hands it to us as ``SamplingParams.extra_args``.
Start the server with ``--logits-processors antidistill.watermark.adapters.vllm:WatermarkVLLMProcessor``
and ``ANTIDISTILL_MASTER_SECRET_FILE`` set; ``ANTIDISTILL_WATERMARK_SPEC`` may name a JSON file with
the :class:`WatermarkSpec` (default: the default spec with the model's vocabulary size).

Written against vLLM's documented ``AdapterLogitsProcessor`` (request-level processors wrapped for
the batch-level V1 interface). vLLM is not installed in this project's environment (its wheel
pulls a CUDA torch), so the vLLM class is import-guarded and its test skips when vLLM is absent;
the per-request callable below is plain torch and is tested against the core reference.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from antidistill.watermark import mask_table
from antidistill.watermark.adapters import torch_hash as th
from antidistill.watermark.hashing import context_hash_int
from antidistill.watermark.keys import VLLM_KEY_ARG, KeyRing, WatermarkKey, check_key_id
from antidistill.watermark.spec import WatermarkSpec

SPEC_ENV = "ANTIDISTILL_WATERMARK_SPEC"


class RequestWatermark:
    """Per-request processor ``(prompt_ids, output_ids, logits) -> logits`` for one key (logits shape (vocab,)).

    The context's hash is computed on the host from the id lists vLLM passes (Python ints, no tensor
    built or copied per step); only the vocabulary-wide xor, mix and compare run on the logits' device.
    """

    def __init__(self, *, spec: WatermarkSpec, key: WatermarkKey) -> None:
        self.spec = spec
        self.key = key
        self._vocab_rot: torch.Tensor | None = None

    def context(self, prompt_ids: Sequence[int], output_ids: Sequence[int]) -> list[int]:
        """The last h ids of prompt + output, without copying either whole list."""
        h = self.spec.context_width
        tail = list(output_ids[-h:])
        if len(tail) < h:
            tail = list(prompt_ids[max(len(prompt_ids) - (h - len(tail)), 0) :]) + tail
        return tail

    def __call__(self, prompt_ids: Sequence[int], output_ids: Sequence[int], logits: torch.Tensor) -> torch.Tensor:
        context = self.context(prompt_ids, output_ids)
        if len(context) < self.spec.context_width:
            return logits
        if self.spec.mask_rows:  # the mask-table variant: one keyed row index, one row of the shared table
            row = mask_table.row_int(mask_table.context_id_int(context), self.key.k1,
                                     mask_table.check_rows(self.spec.mask_rows))
            table = th.mask_tensor(self.spec, logits.shape[-1], logits.dtype, str(logits.device))
            return torch.add(logits, table[row], alpha=1.0 if table.dtype == logits.dtype else self.spec.delta)
        vrot = self._vocab_rot
        if vrot is None or vrot.shape[0] != logits.shape[-1] or vrot.device != logits.device:  # (vocab,), once
            vrot = self._vocab_rot = th.rotl(th.token_hash(torch.arange(logits.shape[-1], device=logits.device)))
        row_key = th._i64(context_hash_int(context) ^ self.key.k1)  # one scalar: context and key folded
        d = th.mix(vrot ^ row_key)  # (vocab,): hashing.keyed_draw of every (context, v) pair
        if self.spec.scheme == "redgreen":
            return torch.add(logits, th.is_green(d, self.spec.gamma), alpha=self.spec.delta)
        # Gumbel-max as schemes.GumbelScheme.embed: argmax_v logits_v - log(-log r_v)
        u = th.to_uniform(d).clamp_min_(1e-300)
        choice = torch.argmax(logits.to(torch.float64) - torch.log(-torch.log(u)))
        out = torch.full_like(logits, float("-inf"))
        out[choice] = 0.0
        return out


def key_id_from_extra_args(extra_args: dict[str, Any] | None) -> str | None:
    """The validated key id in a request's extra args, or None when the request is not to be marked."""
    if not extra_args or extra_args.get(VLLM_KEY_ARG) is None:
        return None
    return check_key_id(str(extra_args[VLLM_KEY_ARG]))


def load_spec(vocab_size: int) -> WatermarkSpec:
    """Spec from ``$ANTIDISTILL_WATERMARK_SPEC`` (JSON) or the default with ``vocab_size``."""
    path = os.environ.get(SPEC_ENV)
    if not path:
        return WatermarkSpec(vocab_size=vocab_size)
    return WatermarkSpec.from_dict(json.loads(Path(path).read_text()), source=path)


try:  # import-guarded: vLLM is optional and absent from the project's environment
    from vllm.v1.sample.logits_processor import AdapterLogitsProcessor as _VLLMBase

    HAVE_VLLM = True
except ImportError:  # pragma: no cover - depends on the machine
    _VLLMBase = object
    HAVE_VLLM = False


class WatermarkVLLMProcessor(_VLLMBase):
    """vLLM batch-level processor: wraps :class:`RequestWatermark` for requests that carry a key id."""

    def __init__(self, vllm_config: Any, device: Any, is_pin_memory: bool) -> None:
        if not HAVE_VLLM:
            raise ImportError("vllm is not installed; install it in the serving environment")
        super().__init__(vllm_config, device, is_pin_memory)
        self.spec = load_spec(int(vllm_config.model_config.get_vocab_size()))
        self.keyring = KeyRing.from_settings()

    @classmethod
    def validate_params(cls, params: Any) -> None:
        """Reject a request whose key id is malformed (raises ValueError, which vLLM reports as a 400)."""
        try:
            key_id_from_extra_args(getattr(params, "extra_args", None))
        except Exception as exc:
            raise ValueError(str(exc)) from exc

    def is_argmax_invariant(self) -> bool:
        """The watermark changes which token is most likely, so it must run for greedy requests too."""
        return False

    def new_req_logits_processor(self, params: Any) -> RequestWatermark | None:
        """A per-request processor for requests with a key id; None leaves the request unmarked."""
        key_id = key_id_from_extra_args(getattr(params, "extra_args", None))
        return None if key_id is None else RequestWatermark(spec=self.spec, key=self.keyring.key(key_id))
