"""The distillation lab: a task family we own, a teacher, an attack and students (needs the ``ml`` extra).

torch and transformers are imported only inside this package.
"""
