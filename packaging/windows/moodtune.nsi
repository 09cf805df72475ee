; Windows installer for the PyInstaller one-folder bundle (dist\Moodtune).
;
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\..\dist\Moodtune packaging\windows\moodtune.nsi
;   (optional) /DVCREDIST=path\to\vc_redist.x64.exe  ships Microsoft's installer and runs it
;   when the runtime is missing or too old; without it the installer says where to get it.
;
; packaging/check.sh compiles this script on Linux (apt-get install nsis) against a stand-in
; payload, so its syntax is checked; the installer itself was not run on Windows here.
;
; Per-machine install in Program Files (admin); the user's data stays in %LOCALAPPDATA%\Moodtune
; and is never removed by the uninstaller.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass /DVERSION=x.y.z (desktop/__init__.py's __version__)"
!endif
!ifndef PAYLOAD
  !error "pass /DPAYLOAD=<the PyInstaller folder holding moodtune.exe>"
!endif
!ifndef OUTFILE
  !define OUTFILE "Moodtune-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "${__FILEDIR__}\..\..\resources\icons\moodtune.ico"
!endif

!define APP "Moodtune"
!define PUBLISHER "Moodtune developers"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
; onnxruntime needs the Microsoft Visual C++ 2015-2022 x64 runtime; builds made with
; VS 2022 17.10 or later crash in std::mutex with a runtime older than 14.40.
!define VC_MIN_MINOR 40

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "Software\${APP}" "InstallDir"
RequestExecutionLevel admin
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER} (MIT)"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\moodtune.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Korean"

LangString VcMissing ${LANG_ENGLISH} "Moodtune needs the Microsoft Visual C++ 2015-2022 Redistributable (x64), version 14.${VC_MIN_MINOR} or later.$\r$\n$\r$\nInstall it from https://aka.ms/vs/17/release/vc_redist.x64.exe and run this installer again."
LangString VcMissing ${LANG_KOREAN} "Moodtune을 실행하려면 Microsoft Visual C++ 2015-2022 재배포 가능 패키지(x64) 14.${VC_MIN_MINOR} 이상이 필요해요.$\r$\n$\r$\nhttps://aka.ms/vs/17/release/vc_redist.x64.exe 에서 설치한 뒤 이 설치 프로그램을 다시 실행해 주세요."
LangString VcFailed ${LANG_ENGLISH} "The Visual C++ runtime could not be installed (exit code $0)."
LangString VcFailed ${LANG_KOREAN} "Visual C++ 런타임을 설치하지 못했어요(종료 코드 $0)."
LangString Needs64 ${LANG_ENGLISH} "Moodtune needs 64-bit Windows."
LangString Needs64 ${LANG_KOREAN} "Moodtune은 64비트 Windows에서만 실행돼요."

; $0 = 1 when the x64 VC++ 14.x runtime is installed and at least 14.VC_MIN_MINOR, else 0.
Function VcRuntimeOk
  Push $1
  Push $2
  SetRegView 64
  ReadRegDWORD $1 HKLM "SOFTWARE\Microsoft\VisualStudio\14.0\VC\Runtimes\x64" "Installed"
  ReadRegDWORD $2 HKLM "SOFTWARE\Microsoft\VisualStudio\14.0\VC\Runtimes\x64" "Minor"
  SetRegView lastused
  StrCpy $0 0
  ${If} $1 == 1
  ${AndIf} $2 >= ${VC_MIN_MINOR}
    StrCpy $0 1
  ${EndIf}
  Pop $2
  Pop $1
FunctionEnd

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64)"
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "VC++ runtime" SecVcRuntime
  SectionIn RO
  Call VcRuntimeOk
  ${If} $0 == 1
    DetailPrint "Visual C++ runtime 14.${VC_MIN_MINOR}+ found"
    Return
  ${EndIf}
!ifdef VCREDIST
  SetOutPath "$PLUGINSDIR"
  File "/oname=vc_redist.x64.exe" "${VCREDIST}"
  DetailPrint "Installing the Visual C++ runtime"
  ExecWait '"$PLUGINSDIR\vc_redist.x64.exe" /install /quiet /norestart' $0
  ; 0: installed; 1638: a newer version is already there; 3010: installed, restart pending
  ${If} $0 != 0
  ${AndIf} $0 != 1638
  ${AndIf} $0 != 3010
    MessageBox MB_ICONSTOP "$(VcFailed)"
    Abort
  ${EndIf}
!else
  MessageBox MB_ICONSTOP|MB_OK "$(VcMissing)" /SD IDOK
  ExecShell "open" "https://aka.ms/vs/17/release/vc_redist.x64.exe"
  Abort
!endif
SectionEnd

Section "Moodtune" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\moodtune.exe" "" "$INSTDIR\moodtune.exe" 0
  WriteRegStr HKLM "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\moodtune.exe"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP}.lnk"
  ; only what the installer put there: the bundle folder's contents and the uninstaller
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\moodtune.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "Software\${APP}"
SectionEnd
