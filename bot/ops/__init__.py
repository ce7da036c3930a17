"""Operations: the HTTP endpoint (/healthz, /metrics), metrics, backups, logging, shutdown.

Nothing here is imported by the core; `bot.app` wires it around the service, the sandbox and the
adapters.
"""
