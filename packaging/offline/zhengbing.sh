#!/bin/sh
# 征兵文稿工具箱 {{VERSION}}：启动器。用法与 zhengbing 命令相同，如 ./zhengbing demo、./zhengbing tui。
here=$(cd "$(dirname "$0")" && pwd)
py="$here/app/bin/python3"
if [ ! -x "$py" ]; then
    echo "征兵文稿工具箱还没有安装：请先运行 $here/install.sh（见“离线安装说明.txt”）。" >&2
    exit 3
fi
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
exec "$py" -m zhengbing "$@"
