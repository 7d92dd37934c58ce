# Shared by bin/start and bin/test: find Python >= 3.11 and make .venv with the project.
# Usage: ensure_venv "extras" (e.g. "" or "test").

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Broadsheet needs Python 3.11 or newer; none was found on PATH." >&2
  return 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

apt_install() {
  # Install Debian/Ubuntu packages that are missing (one apt-get update per run).
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

ensure_venv() {
  local extras="$1" py stamp want
  py=$(find_python)
  VENV="${BROADSHEET_VENV:-$PWD/.venv}"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      # Debian ships venv separately.
      rm -rf "$VENV"
      ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt_install "python${ver}-venv" || apt_install python3-venv
      "$py" -m venv "$VENV"
    fi
  fi
  # Reinstall only when pyproject.toml or the extras changed.
  want="$(sha256sum pyproject.toml | cut -c1-16)-${extras:-base}"
  stamp="$VENV/.broadsheet-installed"
  if [ ! -f "$stamp" ] || ! grep -qx -- "$want" "$stamp"; then
    echo "Installing Broadsheet into $VENV ..."
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    if [ -n "$extras" ]; then
      "$VENV/bin/python" -m pip install -q -e ".[$extras]"
    else
      "$VENV/bin/python" -m pip install -q -e .
    fi
    echo "$want" > "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}
