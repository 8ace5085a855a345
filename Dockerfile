FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Install from a throw-away copy of the source: the package carries its knowledge.
COPY pyproject.toml README.md /tmp/banbot/
COPY bot /tmp/banbot/bot
COPY adapters /tmp/banbot/adapters
COPY knowledge /tmp/banbot/knowledge
# banbot reads English only: the other languages' lemma and spelling dictionaries go, and of
# wordfreq's lists only the small English one is read.
RUN pip install "/tmp/banbot[all]" \
    && rm -rf /tmp/banbot \
    && site=$(python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])") \
    && find "$site/simplemma/strategies/dictionaries/data" -type f ! -name 'en.*' -delete \
    && find "$site/spellchecker/resources" -type f ! -name 'en.*' -delete \
    && find "$site/wordfreq/data" -type f -name '*.msgpack.gz' ! -name 'small_en.*' -delete \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin banbot \
    && mkdir /data && chown banbot:banbot /data

# The question store that banbot gaps reads; mount a volume on /data to keep it.
VOLUME /data
USER banbot
WORKDIR /home/banbot
ENV BANBOT_HEALTH_FILE=/tmp/banbot-health.json \
    BANBOT_DATABASE=/data/banbot.db

# The HTTP listener (BANBOT_HTTP_LISTEN): Telegram's webhook, /healthz, /readyz and /metrics.
EXPOSE 8080
# Fails when the running adapters have stopped hearing from their platforms.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["banbot", "health"]

ENTRYPOINT ["banbot"]
CMD ["serve"]
