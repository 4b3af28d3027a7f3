# Sourced by the project's scripts: selects a JDK 21+ (JDK 25 preferred) as JAVA_HOME.
# Honours an existing JAVA_HOME when it is new enough.
snnaudio_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
snnaudio_pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/java-25-openjdk* \
                   /usr/lib/jvm/temurin-21-jdk* /usr/lib/jvm/java-21-openjdk*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
      local major
      major=$(snnaudio_java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        export JAVA_HOME="$candidate"
        return 0
      fi
    fi
  done
  echo "snnaudio needs JDK 21 or newer (25 recommended). Install one (e.g. Temurin 25) and set JAVA_HOME." >&2
  return 1
}
snnaudio_pick_jdk
