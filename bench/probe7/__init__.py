"""Probe 7: held-out synthetic traffic generator (CloudWatch Logs -> Firehose -> S3 layout).

Written without reference to the detector in src/. See README.md.
"""
