#!/usr/bin/env bash
# 征兵文稿工具箱 — set-up and the two main jobs.
#   bash run.sh demo   set everything up, draft and render the bundled example, print the .docx paths
#   bash run.sh test   set everything up (including LibreOffice, poppler and CJK fonts when missing) and run all tests
#   bash run.sh bundle [平台…|corpus]   offline installation bundles under dist/offline/ (see packaging/bundle.py)
set -euo pipefail
cd "$(dirname "$0")"

find_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3.10 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "需要 Python 3.10 或更高版本，但没有找到。请先安装 python3（3.10+）和 python3-venv。" >&2
    return 1
}

setup_venv() {
    local extras="$1"
    local py
    py="$(find_python)"
    if [ ! -x .venv/bin/python ]; then
        "$py" -m venv .venv
    fi
    local log=".venv/install.log"
    if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
        .venv/bin/python -m pip install --disable-pip-version-check -e ".${extras}"; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "安装依赖失败，完整记录见 $log（请检查网络或 Python 版本）。" >&2
        exit 1
    fi
}

system_deps() {
    # What the rendering tests need: LibreOffice writer, poppler, the CJK fonts, tmux, pandoc and sqlite3 for benchmarks;
    # Chromium for the browser test of zhengbing serve (driven by Playwright, never its own browser download).
    local missing=()
    command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
    command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    fc-list 2>/dev/null | grep -q "Noto Serif CJK" || missing+=(fonts-noto-cjk)
    fc-list 2>/dev/null | grep -q "AR PL UKai" || missing+=(fonts-arphic-ukai)
    fc-list 2>/dev/null | grep -q "Liberation Serif" || missing+=(fonts-liberation2)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "安装测试所需的系统软件包：${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            fontconfig "${missing[@]}" >/dev/null
    else
        echo "缺少系统软件包：${missing[*]}（请用 apt-get 安装；排版渲染测试在 CI=true 时会因此失败）" >&2
    fi
}

case "${1:-}" in
demo)
    setup_venv ""
    .venv/bin/zhengbing demo "${2:-示例工作区}"
    ;;
test)
    system_deps
    setup_venv "[test]"
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    shift
    set +e
    .venv/bin/python -m pytest "$@"
    status=$?
    set -e
    # pytest exits 5 when nothing was collected: that is a failure here.
    exit "$status"
    ;;
bundle)
    setup_venv ""
    shift
    .venv/bin/python packaging/bundle.py "$@"
    ;;
*)
    echo "用法：bash run.sh demo | bash run.sh test | bash run.sh bundle [平台…|corpus]" >&2
    exit 2
    ;;
esac
