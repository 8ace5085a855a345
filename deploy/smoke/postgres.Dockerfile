# A stand-in for the official postgres image, for scripts/compose-smoke.sh on a machine that
# reaches Debian's packages but no container registry: Debian's PostgreSQL on the local
# python:3.11-slim, with the official image's settings (POSTGRES_USER, POSTGRES_DB,
# POSTGRES_PASSWORD_FILE), data folder and pg_isready.
FROM python:3.11-slim
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)" /usr/local/pgbin \
    && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
    && chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql \
    && chmod 700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PATH=/usr/local/pgbin:$PATH PGDATA=/var/lib/postgresql/data
USER postgres
ENTRYPOINT ["/bin/sh", "/usr/local/bin/postgres-entrypoint.sh"]
