@echo off
rem 征兵文稿工具箱 {{VERSION}} 离线安装（{{PLATFORM}}）：不需要网络，不需要管理员权限。
rem   install.bat                    安装到本文件夹
rem   install.bat --target 文件夹    安装到别的文件夹（升级时指定原来的文件夹）
rem   set PYTHON=C:\路径\python.exe 后再运行，可指定使用哪个 Python
setlocal
set "HERE=%~dp0"
set "CHECK=import sys; sys.exit(0 if (3, {{MIN_MINOR}}) <= sys.version_info[:2] <= (3, {{MAX_MINOR}}) else 1)"
set "ADVICE=请按“离线安装说明.txt”准备 Python 3.{{MIN_MINOR}}-3.{{MAX_MINOR}}（或用 set PYTHON=python.exe的完整路径 指定），或改用自带 Python 运行环境的安装包。"

if not exist "%HERE%tools\install.py" goto damaged
if not exist "%HERE%bundle.json" goto damaged

set "PY="
if exist "%HERE%runtime\python.exe" set "PY=%HERE%runtime\python.exe"
if defined PY goto found
if defined PYTHON goto use_env
for %%V in (3.13 3.12 3.11 3.10) do call :try_launcher %%V
if defined PY goto found
python -c "%CHECK%" >nul 2>nul
if not errorlevel 1 set "PY=python"
if defined PY goto found
python -c "import sys" >nul 2>nul
if not errorlevel 1 goto too_old
echo 本机没有找到 Python。%ADVICE%
goto failed

:use_env
"%PYTHON%" -c "import sys" >nul 2>nul
if errorlevel 1 goto env_missing
"%PYTHON%" -c "%CHECK%" >nul 2>nul
if errorlevel 1 goto env_wrong
set "PY=%PYTHON%"
goto found

:env_missing
echo 环境变量 PYTHON 指定的 "%PYTHON%" 不存在或不能运行。%ADVICE%
goto failed

:env_wrong
echo PYTHON 指定的 "%PYTHON%" 不是本安装包支持的 Python 版本。%ADVICE%
goto failed

:found
"%PY%" "%HERE%tools\install.py" %*
if errorlevel 1 goto failed
echo.
pause
exit /b 0

:try_launcher
if defined PY exit /b 0
py -%1 -c "%CHECK%" >nul 2>nul
if errorlevel 1 exit /b 0
for /f "delims=" %%P in ('py -%1 -c "import sys; print(sys.executable)"') do set "PY=%%P"
exit /b 0

:too_old
echo 本机的 python 版本不合适：征兵文稿工具箱需要 Python 3.{{MIN_MINOR}}-3.{{MAX_MINOR}}。%ADVICE%
goto failed

:damaged
echo 安装包不完整或已损坏（缺少 tools\install.py 或 bundle.json）。请重新拷贝安装包，完整解压后再运行 install.bat。
goto failed

:failed
echo.
pause
exit /b 2
