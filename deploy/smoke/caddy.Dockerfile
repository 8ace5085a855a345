# A stand-in for the official caddy image, for scripts/compose-smoke.sh on a machine that
# reaches Debian's packages but no container registry: Debian's Caddy on the local
# python:3.11-slim, with the official image's paths (/etc/caddy/Caddyfile, /data, /config).
FROM python:3.11-slim
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends caddy \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data /config
ENV XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data
EXPOSE 80 443
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
