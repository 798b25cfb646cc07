from zhengbing.cli import entry

entry()
