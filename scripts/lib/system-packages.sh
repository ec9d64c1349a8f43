# Sourced by the scripts: installs the Debian packages keyshare needs when they are missing.
# Needs root or sudo; says exactly what to run when neither is available.

keyshare_system_packages=(liblua5.4-dev libjemalloc-dev pkg-config lua-check)

keyshare_install_missing() {
    local missing=() pkg
    for pkg in "${keyshare_system_packages[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "keyshare: missing system packages: ${missing[*]}" >&2
            echo "keyshare: run as root: apt-get install -y ${missing[*]}" >&2
            return 1
        fi
    fi
    echo "keyshare: installing ${missing[*]}" >&2
    "${sudo[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
}
