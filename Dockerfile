# studybot: slim Python base, non-root user, the database on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    STUDYBOT_QUESTIONS=/app/questions

RUN useradd --create-home --uid 10001 studybot
WORKDIR /app
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY bot ./bot
COPY questions ./questions
RUN pip install --no-cache-dir . && mkdir -p /data && chown studybot:studybot /data
# The sandbox's syscall filter needs libseccomp (Debian's libseccomp2, part of the slim base);
# fail the build here rather than at the first /run if a base image ever lacks it.
RUN python -c "from bot.sandbox import seccomp; seccomp.build_filter([4], [1, 2, 3])"

USER studybot
VOLUME ["/data"]
# Tokens come from the environment (docker run -e DISCORD_TOKEN=... / SLACK_BOT_TOKEN=...).
ENTRYPOINT ["studybot", "run", "--db", "/data/studybot.db"]
