"""The online defence: an OpenAI-compatible gateway in front of a model.

Web-stack modules (``app``, ``admin``, ``guardrail``, ``server``, ``mock_upstream``,
``replay``, ``upstream``) need the ``gateway`` extra. The rest (``keys``, ``eventlog``,
``online``, ``detectors``, ``campaigns``, ``enforce``, ``transforms``, ``config``) import no
web framework and can be used and tested on their own. See ``docs/gateway.md``.
"""
