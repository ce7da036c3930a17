# studybot: slim Python base, non-root user, the database on a volume, /healthz and /metrics.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    STUDYBOT_QUESTIONS=/app/questions \
    STUDYBOT_CONFIG=/config/studybot.toml

RUN useradd --create-home --uid 10001 studybot
WORKDIR /app
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY bot ./bot
COPY questions ./questions
COPY deploy/docker/studybot.toml /config/studybot.toml
RUN pip install --no-cache-dir . && mkdir -p /data && chown studybot:studybot /data
# The sandbox's syscall filter needs libseccomp (Debian's libseccomp2, part of the slim base);
# fail the build here rather than at the first /run if a base image ever lacks it.
RUN python -c "from bot.sandbox import seccomp; seccomp.build_filter([4], [1, 2, 3])"

# Not root: the sandbox's seccomp filter, rlimits and empty environment hold as this user, under
# Docker's default seccomp profile (README, "Which layers hold where").
USER studybot
WORKDIR /data
VOLUME ["/data"]
# 8080: /healthz and /metrics ([server] port); 3000: Slack over HTTP ([slack] port).
EXPOSE 8080 3000
# `studybot health` asks /healthz where the config says the bot listens; exit 0 only on 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["studybot", "health"]
# Tokens come from the environment (docker run -e DISCORD_TOKEN=... / SLACK_BOT_TOKEN=...).
# `docker stop` sends SIGTERM: the bot finishes answers in flight and exits 0 within 10 s.
ENTRYPOINT ["studybot", "run"]
