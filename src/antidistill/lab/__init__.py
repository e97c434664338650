"""Labs: the traffic simulator (``lab.simulator``) and the distillation lab (torch only there, as an extra)."""
