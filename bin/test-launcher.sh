#!/usr/bin/env bash
# Tests for bin/driftline. Fast and hermetic: no network, no real Maven build.
# Uses fake JDKs (tiny shell scripts that answer like `java -XshowSettings:properties
# -version`), a controlled PATH and DRIFTLINE_JDK_SEARCH_ROOTS, and a throw-away copy of
# the launcher in a fake project with a fake ./mvnw for the build/staleness logic.
# One extra smoke test probes the real `java` on PATH, if there is one.
#
# Usage: bin/test-launcher.sh        exits non-zero if any scenario fails
set -euo pipefail
unset CDPATH

here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAUNCHER=$here/driftline
T=$(mktemp -d "${TMPDIR:-/tmp}/driftline-launcher-test.XXXXXX")
trap 'rm -rf "$T"' EXIT

PASS=0 FAIL=0
OUT='' ERR='' RC=0

# Child environment: nothing inherited that could change the outcome.
unset DRIFTLINE_JAVA JAVA_HOME DRIFTLINE_JAVA_OPTS DRIFTLINE_SKIP_BUILD DRIFTLINE_JDK_SEARCH_ROOTS JAVA_TOOL_OPTIONS

# ---------------------------------------------------------------- fixtures
# Tools the launcher needs, without any java next to them.
mkdir -p "$T/tools"
for tool in bash env readlink find touch sh mkdir cat; do
  p=$(command -v "$tool") || { echo "test-launcher: missing tool: $tool" >&2; exit 2; }
  ln -s "$p" "$T/tools/$tool"
done

# fake_jdk DIR STYLE VERSION
#   STYLE props : prints java.specification.version / java.version / java.home (JDK 7+)
#   STYLE vline : prints only the `version "..."` line (the fallback parser)
# When run with -jar it prints its arguments one per line between [ and ].
fake_jdk() {
  local dir=$1 style=$2 version=$3 spec
  spec=${version%%.*}
  case $version in 1.*) spec=${version%.*} ;; esac  # 1.8.0_392 -> 1.8
  mkdir -p "$dir/bin"
  cat >"$dir/bin/java" <<EOF
#!/bin/sh
case "\$1" in
  -XshowSettings:properties|-version)
    if [ "$style" = props ] && [ "\$1" = -XshowSettings:properties ]; then
      echo "Property settings:" >&2
      echo "    java.home = $dir" >&2
      echo "    java.specification.version = $spec" >&2
      echo "    java.version = $version" >&2
      echo "    java.vm.specification.version = $spec" >&2
      echo "" >&2
    elif [ "$style" = vline ] && [ "\$1" = -XshowSettings:properties ]; then
      echo "Unrecognized option: \$1" >&2; exit 1
    fi
    echo "openjdk version \"$version\" 2025-01-01" >&2
    exit 0 ;;
esac
echo "fake-java $version home=$dir"
for a in "\$@"; do echo "[\$a]"; done
EOF
  chmod +x "$dir/bin/java"
}

J=$T/jdks
fake_jdk "$J/a/jdk-17" props 17.0.9
fake_jdk "$J/a/jdk-21" props 21.0.5
fake_jdk "$J/b/jdk-25" props 25.0.1
fake_jdk "$J/b/jdk-8" props 1.8.0_392
fake_jdk "$J/other/jdk-22-vline" vline 22.0.2
fake_jdk "$J/other/jdk-8-vline" vline 1.8.0_392
mkdir -p "$J/a/not-a-jdk"
ROOTS_ALL="$J/a/*:$J/b/*"

mkdir -p "$T/path17" "$T/path21"
ln -s "$J/a/jdk-17/bin/java" "$T/path17/java"
ln -s "$J/a/jdk-21/bin/java" "$T/path21/java"

# ---------------------------------------------------------------- helpers
# run [VAR=value ...] -- launcher-args...   (env is otherwise minimal)
run() {
  local envs=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  RC=0
  env -i HOME="$T/home" PATH="$T/tools" ${envs[@]+"${envs[@]}"} \
    "${RUN_LAUNCHER:-$LAUNCHER}" "$@" >"$T/out" 2>"$T/err" || RC=$?
  OUT=$(cat "$T/out") ERR=$(cat "$T/err")
}
field() { printf '%s\n' "$OUT" | sed -n "s/^$1: //p"; }

CURRENT=''
scenario() { CURRENT=$1; }
ok() { PASS=$((PASS + 1)); }
fail() {
  FAIL=$((FAIL + 1))
  printf 'FAIL [%s] %s\n' "$CURRENT" "$*" >&2
  printf '  rc=%s\n  stdout:\n%s\n  stderr:\n%s\n' "$RC" "$(printf '%s\n' "$OUT" | sed 's/^/    /')" \
    "$(printf '%s\n' "$ERR" | sed 's/^/    /')" >&2
}
expect_rc() { if [ "$RC" = "$1" ]; then ok; else fail "expected exit $1, got $RC"; fi; }
expect_java() {
  local got
  got=$(field java)
  if [ "$got" = "$1" ]; then ok; else fail "expected java '$1', got '$got'"; fi
}
expect_field() {
  local got
  got=$(field "$1")
  if [ "$got" = "$2" ]; then ok; else fail "expected $1 '$2', got '$got'"; fi
}
expect_out_has() { case $OUT in *"$1"*) ok ;; *) fail "stdout lacks: $1" ;; esac; }
expect_err_has() { case $ERR in *"$1"*) ok ;; *) fail "stderr lacks: $1" ;; esac; }
expect_err_lacks() { case $ERR in *"$1"*) fail "stderr unexpectedly has: $1" ;; *) ok ;; esac; }

# ---------------------------------------------------------------- JDK discovery
scenario 'no JAVA_HOME, java 17 on PATH: highest install folder JDK wins'
run PATH="$T/path17:$T/tools" DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" -- --launcher-info
expect_rc 0
expect_java "$J/b/jdk-25/bin/java"
expect_field java-version '25 (25.0.1)'
expect_field java-home "$J/b/jdk-25"
expect_field java-source 'install folder'
expect_out_has 'checked: PATH:'
expect_out_has 'Java 17 is too old'

scenario 'empty JAVA_HOME is treated as unset'
run JAVA_HOME= PATH="$T/path17:$T/tools" DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" -- --launcher-info
expect_rc 0
expect_java "$J/b/jdk-25/bin/java"
expect_out_has 'checked: JAVA_HOME: not set'

scenario 'JAVA_HOME=17 is skipped'
run JAVA_HOME="$J/a/jdk-17" DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" -- --launcher-info
expect_rc 0
expect_java "$J/b/jdk-25/bin/java"
expect_out_has "checked: JAVA_HOME: $J/a/jdk-17/bin/java: Java 17 is too old"

scenario 'JAVA_HOME=21 beats a newer JDK in the install folders'
run JAVA_HOME="$J/a/jdk-21" DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" -- --launcher-info
expect_rc 0
expect_java "$J/a/jdk-21/bin/java"
expect_field java-source JAVA_HOME

scenario 'java 21 on PATH beats a newer JDK in the install folders'
run PATH="$T/path21:$T/tools" DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" -- --launcher-info
expect_rc 0
expect_java "$T/path21/java"
expect_field java-source PATH
expect_field java-home "$J/a/jdk-21"

scenario 'DRIFTLINE_JAVA beats JAVA_HOME; version-line fallback parsing'
run DRIFTLINE_JAVA="$J/other/jdk-22-vline/bin/java" JAVA_HOME="$J/b/jdk-25" -- --launcher-info
expect_rc 0
expect_java "$J/other/jdk-22-vline/bin/java"
expect_field java-version '22 (22.0.2)'
expect_field java-home "$J/other/jdk-22-vline"
expect_field java-source DRIFTLINE_JAVA

scenario 'DRIFTLINE_JAVA may name a JDK home directory'
run DRIFTLINE_JAVA="$J/a/jdk-21" JAVA_HOME="$J/b/jdk-25" -- --launcher-info
expect_rc 0
expect_java "$J/a/jdk-21/bin/java"

scenario '"1.8" style versions read as 8 (both parsers)'
run DRIFTLINE_JAVA="$J/b/jdk-8/bin/java" JAVA_HOME="$J/other/jdk-8-vline" DRIFTLINE_JDK_SEARCH_ROOTS="$J/a/jdk-21" -- --launcher-info
expect_rc 0
expect_java "$J/a/jdk-21/bin/java"
expect_out_has "checked: DRIFTLINE_JAVA: $J/b/jdk-8/bin/java: Java 8 is too old"
expect_out_has "checked: JAVA_HOME: $J/other/jdk-8-vline/bin/java: Java 8 is too old"
expect_err_has 'ignoring DRIFTLINE_JAVA'

scenario 'no java on PATH'
run DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" -- --launcher-info
expect_rc 0
expect_java "$J/b/jdk-25/bin/java"
expect_out_has 'checked: PATH: no java on PATH'

scenario 'bogus JAVA_HOME falls through with a warning'
run JAVA_HOME="$T/does-not-exist" PATH="$T/path17:$T/tools" DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" -- --launcher-info
expect_rc 0
expect_java "$J/b/jdk-25/bin/java"
expect_err_has "ignoring JAVA_HOME=$T/does-not-exist"

scenario 'bogus DRIFTLINE_JAVA falls through with a warning'
run DRIFTLINE_JAVA=/bin/sh JAVA_HOME="$J/a/jdk-21" -- --launcher-info
expect_rc 0
expect_java "$J/a/jdk-21/bin/java"
expect_err_has 'ignoring DRIFTLINE_JAVA=/bin/sh (could not determine its version)'

scenario 'folder globs: ties keep the first, non-JDK dirs are ignored'
run DRIFTLINE_JDK_SEARCH_ROOTS="$J/a/*:$J/a/jdk-21" -- --launcher-info
expect_rc 0
expect_java "$J/a/jdk-21/bin/java"

scenario 'no JDK >= 21 anywhere: clear error, exit 1'
run JAVA_HOME="$J/a/jdk-17" PATH="$T/path17:$T/tools" DRIFTLINE_JDK_SEARCH_ROOTS="$J/b/jdk-8:$J/other/jdk-8-vline" -- --launcher-info
expect_rc 1
expect_err_has 'no Java 21 or newer found'
expect_err_has "JAVA_HOME: $J/a/jdk-17/bin/java: Java 17 is too old"
expect_err_has "Install folders searched: $J/b/jdk-8 $J/other/jdk-8-vline"
expect_err_has 'set JAVA_HOME'
if [ -z "$OUT" ]; then ok; else fail 'stdout should be empty on error'; fi

scenario 'no JDK at all (empty search roots, nothing set): exit 1'
run DRIFTLINE_JDK_SEARCH_ROOTS= -- --launcher-info
expect_rc 1
expect_err_has 'PATH: no java on PATH'
expect_err_has 'Install folders searched: (none)'

scenario 'default search folders are listed'
run JAVA_HOME="$J/a/jdk-21" -- --launcher-info
expect_rc 0
expect_out_has "search-folders: /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* $T/home/.sdkman/candidates/java/* $T/home/.jdks/*"

scenario 'default folders include ~/.sdkman and ~/.jdks'
mkdir -p "$T/home/.sdkman/candidates/java" "$T/home/.jdks"
ln -s "$J/a/jdk-21" "$T/home/.jdks/jdk-21"
ln -s "$J/b/jdk-25" "$T/home/.sdkman/candidates/java/25-tem"
# System folders may hold real JDKs; the fake 25 at least must be considered.
run -- --launcher-info
expect_rc 0
expect_out_has "checked: folder: $T/home/.sdkman/candidates/java/25-tem/bin/java: Java 25 ok"
rm -rf "${T:?}/home"

# ---------------------------------------------------------------- project root
scenario 'project root found through symlinks, from any cwd'
mkdir -p "$T/links/deeper"
ln -s "$LAUNCHER" "$T/links/dl1"
ln -s ../dl1 "$T/links/deeper/dl2"   # relative symlink to a symlink
expected_root=$(cd -P "$here/.." && pwd)
cd /
run JAVA_HOME="$J/a/jdk-21" -- --launcher-info
cd "$OLDPWD"
expect_rc 0
expect_field project-root "$expected_root"
RUN_LAUNCHER="$T/links/deeper/dl2" run JAVA_HOME="$J/a/jdk-21" -- --launcher-info
expect_rc 0
expect_field project-root "$expected_root"
expect_field jar "$expected_root/driftline-server/target/driftline.jar"

# ---------------------------------------------------------------- build + run (fake project)
P=$T/proj
mkdir -p "$P/bin" "$P/driftline-core/src/main/java" "$P/driftline-server/src/main/java"
cp "$LAUNCHER" "$P/bin/driftline"
echo '<project/>' >"$P/pom.xml"
echo '<project/>' >"$P/driftline-core/pom.xml"
echo '<project/>' >"$P/driftline-server/pom.xml"
echo 'class A {}' >"$P/driftline-core/src/main/java/A.java"
cat >"$P/mvnw" <<'EOF'
#!/bin/sh
echo "mvnw cwd=$(pwd) JAVA_HOME=$JAVA_HOME args=$*" >>"$MVNW_LOG"
echo "maven says hello"
if [ -n "${FAKE_MVNW_FAIL:-}" ]; then echo "[ERROR] compilation failed" >&2; exit 3; fi
mkdir -p driftline-server/target && echo jar >driftline-server/target/driftline.jar
EOF
chmod +x "$P/mvnw"
MVNW_LOG=$T/mvnw.log
RUN_LAUNCHER=$P/bin/driftline
old() { touch -t 202001010000 "$@"; }   # make files old (POSIX touch -t)
builds() { if [ -f "$MVNW_LOG" ]; then grep -c . "$MVNW_LOG"; else echo 0; fi; }

scenario 'first run builds the jar with JAVA_HOME = found JDK, then runs it'
old "$P/pom.xml" "$P"/*/pom.xml "$P"/*/src/main/java/*
run JAVA_HOME="$J/a/jdk-17" DRIFTLINE_JDK_SEARCH_ROOTS="$ROOTS_ALL" MVNW_LOG="$MVNW_LOG" -- serve --config 'my file.yaml' '' '*' 'a"b'
expect_rc 0
expect_err_has 'driftline: building driftline.jar (first run or sources changed)...'
expect_err_has 'maven says hello'   # Maven output goes to stderr, not stdout
if [ "$(builds)" = 1 ]; then ok; else fail "expected 1 build, got $(builds)"; fi
expect_err_lacks 'ERROR'
if grep -qxF "mvnw cwd=$P JAVA_HOME=$J/b/jdk-25 args=-q -B -DskipTests -pl driftline-server -am package" "$MVNW_LOG"; then
  ok
else
  fail "unexpected mvnw call: $(cat "$MVNW_LOG")"
fi
expected_out="fake-java 25.0.1 home=$J/b/jdk-25
[-jar]
[$P/driftline-server/target/driftline.jar]
[serve]
[--config]
[my file.yaml]
[]
[*]
[a\"b]"
if [ "$OUT" = "$expected_out" ]; then ok; else fail "arguments not passed through unchanged"; fi

scenario 'up-to-date jar: no rebuild; DRIFTLINE_JAVA_OPTS are split on whitespace'
run DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" DRIFTLINE_JAVA_OPTS='  -Xmx64m   -Dx=*  ' -- version
expect_rc 0
if [ "$(builds)" = 1 ]; then ok; else fail 'rebuilt an up-to-date jar'; fi
expect_err_lacks 'building'
expected_out="fake-java 21.0.5 home=$J/a/jdk-21
[-Xmx64m]
[-Dx=*]
[-jar]
[$P/driftline-server/target/driftline.jar]
[version]"
if [ "$OUT" = "$expected_out" ]; then ok; else fail 'DRIFTLINE_JAVA_OPTS not applied as expected'; fi

scenario 'a source file newer than the jar triggers a rebuild'
old "$P/driftline-server/target/driftline.jar"
touch "$P/driftline-core/src/main/java/A.java"
run DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" -- --launcher-info
expect_field jar-status 'present, stale: driftline-core/src/main/java/A.java is newer (will be rebuilt on the next run)'
if [ "$(builds)" = 1 ]; then ok; else fail '--launcher-info must not build'; fi
run DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" -- x
expect_rc 0
expect_err_has 'building driftline.jar'
if [ "$(builds)" = 2 ]; then ok; else fail "expected a rebuild, builds=$(builds)"; fi
run DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" -- --launcher-info
expect_field jar-status 'present, up to date'

scenario 'a pom.xml newer than the jar triggers a rebuild'
old "$P/driftline-server/target/driftline.jar" "$P/driftline-core/src/main/java/A.java"
touch "$P/driftline-server/pom.xml"
run DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" -- x
expect_rc 0
if [ "$(builds)" = 3 ]; then ok; else fail "expected a rebuild, builds=$(builds)"; fi

scenario 'DRIFTLINE_SKIP_BUILD=1 skips the staleness check'
old "$P/driftline-server/target/driftline.jar"
touch "$P/pom.xml"
run DRIFTLINE_SKIP_BUILD=1 DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" -- x
expect_rc 0
if [ "$(builds)" = 3 ]; then ok; else fail 'built despite DRIFTLINE_SKIP_BUILD=1'; fi
expect_out_has '[x]'

scenario 'failed build: non-zero exit, Maven output visible, java not run'
run FAKE_MVNW_FAIL=1 DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" -- x
expect_rc 3
expect_err_has '[ERROR] compilation failed'
expect_err_has 'build failed (exit 3)'
case $OUT in *fake-java*) fail 'java ran after a failed build' ;; *) ok ;; esac

scenario 'missing jar with DRIFTLINE_SKIP_BUILD=1: clear error'
rm -f "$P/driftline-server/target/driftline.jar"
run DRIFTLINE_SKIP_BUILD=1 DRIFTLINE_JAVA="$J/a/jdk-21/bin/java" MVNW_LOG="$MVNW_LOG" -- x
expect_rc 1
expect_err_has 'DRIFTLINE_SKIP_BUILD is set'
unset RUN_LAUNCHER

# ---------------------------------------------------------------- real java smoke test
scenario 'real java on PATH: version parsed from real output'
if real_java=$(command -v java 2>/dev/null); then
  real_major=$("$real_java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//' | head -n 1)
  run DRIFTLINE_JAVA="$real_java" DRIFTLINE_SKIP_BUILD=1 DRIFTLINE_JDK_SEARCH_ROOTS="$J/a/jdk-21" -- --launcher-info
  expect_rc 0
  if [ "$real_major" -ge 21 ]; then
    expect_java "$real_java"
    expect_field java-source DRIFTLINE_JAVA
    case $(field java-version) in "$real_major ("*) ok ;; *) fail "expected Java $real_major" ;; esac
  else
    expect_out_has "checked: DRIFTLINE_JAVA: $real_java: Java $real_major is too old"
  fi
else
  echo 'test-launcher: no java on PATH; skipping the real-java smoke test' >&2
fi

# ---------------------------------------------------------------- summary
if [ "$FAIL" -gt 0 ]; then
  echo "test-launcher: $FAIL check(s) FAILED, $PASS passed" >&2
  exit 1
fi
echo "test-launcher: all $PASS checks passed"
