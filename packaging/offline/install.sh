#!/bin/sh
# 征兵文稿工具箱 {{VERSION}} 离线安装（{{PLATFORM}}）：不需要网络，不需要 root 权限。
#   ./install.sh                      安装到本文件夹
#   ./install.sh --target 文件夹      安装到别的文件夹（升级时指定原来的文件夹）
#   PYTHON=/路径/python3 ./install.sh  指定使用哪个 Python
# Finds a Python 3.{{MIN_MINOR}}–3.{{MAX_MINOR}} (the bundled runtime first), then runs tools/install.py.
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$here/tools/install.py" ] || [ ! -f "$here/bundle.json" ]; then
    echo "安装包不完整或已损坏（缺少 tools/install.py 或 bundle.json）。请重新拷贝安装包，完整解压后再运行 ./install.sh。" >&2
    exit 2
fi

supported='import sys; sys.exit(0 if (3, {{MIN_MINOR}}) <= sys.version_info[:2] <= (3, {{MAX_MINOR}}) else 1)'
version_of() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo "无法运行"
}
advice="请按“离线安装说明.txt”准备 Python 3.{{MIN_MINOR}}–3.{{MAX_MINOR}}（可用 PYTHON=/路径/python3 ./install.sh 指定），或改用自带 Python 运行环境的安装包。"

py=""
if [ -x "$here/runtime/bin/python3" ]; then
    py="$here/runtime/bin/python3" # the bundled runtime is always the one installed
elif [ -n "${PYTHON:-}" ]; then
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "环境变量 PYTHON 指定的 $PYTHON 不存在或不能执行。$advice" >&2
        exit 2
    fi
    if ! "$PYTHON" -c "$supported" >/dev/null 2>&1; then
        echo "PYTHON 指定的 $PYTHON 是 Python $(version_of "$PYTHON")，不是本安装包支持的版本。$advice" >&2
        exit 2
    fi
    py="$PYTHON"
else
    for candidate in python3.{{MAX_MINOR}} python3.13 python3.12 python3.11 python3.10 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$supported" >/dev/null 2>&1; then
            py="$candidate"
            break
        fi
    done
fi

if [ -z "$py" ]; then
    found=""
    for candidate in python3 python; do
        if command -v "$candidate" >/dev/null 2>&1; then
            found="$candidate（Python $(version_of "$candidate")）"
            break
        fi
    done
    if [ -n "$found" ]; then
        echo "本机的 $found 版本不合适：征兵文稿工具箱需要 Python 3.{{MIN_MINOR}}–3.{{MAX_MINOR}}。$advice" >&2
    else
        echo "本机没有找到 Python。$advice" >&2
    fi
    exit 2
fi

exec "$py" "$here/tools/install.py" "$@"
