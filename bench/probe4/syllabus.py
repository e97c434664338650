"""A university-style syllabus tree (course -> chapter -> section), used by the honest
courseware studios and by the textbook campaign."""

from __future__ import annotations

COURSES = {
    "Linear Algebra": ["Vectors and linear combinations", "Systems of linear equations", "Matrix operations", "Determinants",
                       "Vector spaces and subspaces", "Linear transformations", "Eigenvalues and eigenvectors",
                       "Orthogonality and least squares", "Singular value decomposition"],
    "Calculus I": ["Limits and continuity", "The derivative", "Differentiation rules", "Applications of derivatives",
                   "Optimization problems", "The definite integral", "The fundamental theorem of calculus",
                   "Techniques of integration", "Applications of integration"],
    "Probability": ["Sample spaces and events", "Conditional probability and Bayes' rule", "Discrete random variables",
                    "Continuous random variables", "Expectation and variance", "Joint distributions",
                    "The law of large numbers", "The central limit theorem", "Markov chains"],
    "Statistics": ["Descriptive statistics", "Sampling distributions", "Confidence intervals", "Hypothesis testing",
                   "Two-sample tests", "Linear regression", "Analysis of variance", "Nonparametric methods",
                   "Bayesian inference"],
    "Data Structures": ["Arrays and linked lists", "Stacks and queues", "Hash tables", "Binary search trees",
                        "Balanced trees", "Heaps and priority queues", "Graphs and traversal", "Tries", "Union-find"],
    "Algorithms": ["Asymptotic analysis", "Divide and conquer", "Sorting algorithms", "Greedy algorithms",
                   "Dynamic programming", "Shortest paths", "Minimum spanning trees", "Network flow", "NP-completeness"],
    "Operating Systems": ["Processes and threads", "CPU scheduling", "Synchronization", "Deadlocks", "Memory management",
                          "Virtual memory", "File systems", "I/O systems", "Security and protection"],
    "Computer Networks": ["The layered model", "The physical and link layers", "IP addressing and routing", "TCP and UDP",
                          "Congestion control", "DNS", "HTTP and the web", "Network security", "Wireless networks"],
    "Databases": ["The relational model", "SQL queries", "Normalization", "Indexing", "Query optimization",
                  "Transactions", "Concurrency control", "Recovery", "Distributed databases"],
    "Machine Learning": ["Linear models", "Logistic regression", "Regularization", "Decision trees and ensembles",
                         "Support vector machines", "Neural networks", "Unsupervised learning", "Model evaluation",
                         "Bias, variance and generalization"],
    "Classical Mechanics": ["Kinematics", "Newton's laws", "Work and energy", "Momentum and collisions",
                            "Rotational dynamics", "Oscillations", "Gravitation", "Lagrangian mechanics", "Rigid bodies"],
    "Electromagnetism": ["Electric fields", "Gauss's law", "Electric potential", "Capacitance", "Current and resistance",
                         "Magnetic fields", "Faraday's law", "Inductance", "Maxwell's equations"],
    "Thermodynamics": ["Temperature and heat", "The first law", "Ideal gases", "The second law", "Entropy",
                       "Heat engines", "Free energy", "Phase transitions", "Statistical interpretation"],
    "General Chemistry": ["Atomic structure", "Periodic trends", "Chemical bonding", "Stoichiometry", "Gases",
                          "Thermochemistry", "Chemical equilibrium", "Acids and bases", "Electrochemistry"],
    "Organic Chemistry": ["Structure and bonding", "Alkanes and conformations", "Stereochemistry", "Substitution reactions",
                          "Elimination reactions", "Alkenes and alkynes", "Aromatic compounds", "Carbonyl chemistry", "Spectroscopy"],
    "Cell Biology": ["Cell structure", "Membranes and transport", "Cellular respiration", "Photosynthesis", "The cell cycle",
                     "Signal transduction", "Gene expression", "Protein sorting", "Cell death"],
    "Genetics": ["Mendelian inheritance", "Chromosomes and linkage", "DNA replication", "Transcription", "Translation",
                 "Mutation and repair", "Gene regulation", "Population genetics", "Genomics"],
    "Microeconomics": ["Supply and demand", "Elasticity", "Consumer choice", "Production and costs", "Perfect competition",
                       "Monopoly", "Oligopoly and game theory", "Externalities", "Public goods"],
    "Macroeconomics": ["GDP and national accounts", "Inflation", "Unemployment", "Economic growth", "Money and banking",
                       "Monetary policy", "Fiscal policy", "Open-economy macroeconomics", "Business cycles"],
    "Financial Accounting": ["The accounting equation", "Journal entries", "Adjusting entries", "Financial statements",
                             "Inventory", "Receivables", "Long-term assets", "Liabilities", "Cash flow statements"],
    "World History": ["Early civilizations", "Classical empires", "The medieval world", "The age of exploration",
                      "Revolutions", "Industrialization", "Imperialism", "The world wars", "The Cold War"],
    "Psychology": ["Research methods", "Biological bases of behavior", "Sensation and perception", "Learning", "Memory",
                   "Cognition and language", "Development", "Personality", "Psychological disorders"],
    "Discrete Mathematics": ["Logic and proofs", "Sets and functions", "Induction", "Counting", "Recurrence relations",
                             "Graph theory", "Trees", "Relations", "Number theory"],
    "Signals and Systems": ["Signals and their properties", "LTI systems", "Convolution", "Fourier series",
                            "The Fourier transform", "Sampling", "The Laplace transform", "The z-transform", "Filter design"],
}
SECTION_TYPES = ["Introduction and motivation", "Key definitions", "Core theorems and results", "Worked examples",
                 "Common misconceptions", "Applications"]


def syllabus_sections(rng=None) -> list:
    """All sections as dicts; the order is fixed (rng unused, kept for symmetry)."""
    out = []
    for course, chapters in COURSES.items():
        for ci, ch in enumerate(chapters):
            for si, st in enumerate(SECTION_TYPES):
                out.append({"course": course, "chapter": ch, "ci": ci + 1, "si": si + 1, "section": st})
    return out


def section_prompt_formal(sec: dict) -> str:
    return (f"Course: {sec['course']}\nChapter {sec['ci']}: {sec['chapter']}\nSection {sec['ci']}.{sec['si']}: {sec['section']}\n\n"
            f"Write this section of the course notes (1,200-2,000 words) for first- and second-year university students.")
