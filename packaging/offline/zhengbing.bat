@echo off
rem 征兵文稿工具箱 {{VERSION}}：启动器。zhengbing.bat demo、zhengbing.bat tui 等；双击（不带参数）打开图形界面。
setlocal
set "PYTHONPATH="
set "PYTHONHOME="
set "VIRTUAL_ENV="
set "PY=%~dp0app\Scripts\python.exe"
if not exist "%PY%" set "PY=%~dp0app\python.exe"
if not exist "%PY%" goto not_installed
if "%~1"=="" goto tui
"%PY%" -m zhengbing %*
exit /b %ERRORLEVEL%

:tui
"%PY%" -m zhengbing tui
exit /b %ERRORLEVEL%

:not_installed
echo 征兵文稿工具箱还没有安装：请先双击运行 install.bat（见“离线安装说明.txt”）。
pause
exit /b 3
