# Sourced by ./lab's scripts (find-jdk.sh, stamp.sh): their own few lines in the learner's language, chosen as
# lab.verify.Lang chooses it (--lang, else LAB_LANG, else the system's language, else English), for what is said
# before there is a Java to say it. Everything else ./lab says comes from tools/src/main/resources/lab/tools/messages*.properties.

# prints en, de or fr for the command line "$@" and the environment
lab_lang() {
  local prev="" a l=""
  for a in "$@"; do
    case "$a" in --lang=*) l=${a#--lang=} ;; esac
    [ "$prev" = --lang ] && l=$a
    prev=$a
  done
  [ -n "$l" ] || l=${LAB_LANG:-}
  l=${l//[[:space:]]/}
  if [ -z "$l" ]; then
    l=${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}
    l=${l%%[_.@]*}
  fi
  case "$l" in [Dd][Ee]) echo de ;; [Ff][Rr]) echo fr ;; *) echo en ;; esac
}

LAB_SAY_LANG=${LAB_SAY_LANG:-$(lab_lang)}

# lab_say KEY [ARGS...]: prints one of the scripts' lines in $LAB_SAY_LANG
lab_say() {
  local key=$1
  shift
  case "$LAB_SAY_LANG:$key" in
    de:building) echo "lab: baue das Lab mit $1 (beim ersten Mal: einige Minuten Downloads) ..." ;;
    fr:building) echo "lab : construction du lab avec $1 (la première fois : quelques minutes de téléchargements)..." ;;
    *:building) echo "lab: building the lab with $1 (first time: a few minutes of downloads)..." ;;
    de:failed) echo "lab: Der Build ist fehlgeschlagen; die Fehler stehen oben." ;;
    fr:failed) echo "lab : la construction a échoué ; les erreurs sont ci-dessus." ;;
    *:failed) echo "lab: the build failed; the errors are above." ;;
    de:rebuild) echo "lab: $1: wird gebaut" ;;
    fr:rebuild) echo "lab : $1 : construction" ;;
    *:rebuild) echo "lab: $1: building it" ;;
    de:not-built) echo "noch nicht gebaut" ;;
    fr:not-built) echo "pas encore construit" ;;
    *:not-built) echo "not built yet" ;;
    de:sources-changed) echo "seine Quelltexte haben sich geändert" ;;
    fr:sources-changed) echo "ses sources ont changé" ;;
    *:sources-changed) echo "its sources changed" ;;
    de:outputs-changed) echo "seine gebauten Klassen oder JARs sind nicht die des letzten Builds" ;;
    fr:outputs-changed) echo "ses classes ou JAR construits ne sont pas ceux de la dernière construction" ;;
    *:outputs-changed) echo "its built classes or jars are not what the last build made" ;;
    de:jdk-note) echo "lab: verwende das JDK $1 in $2, nicht Ihr Standard-JDK $3; für ./mvnw und mvn: export JAVA_HOME=$2" ;;
    fr:jdk-note) echo "lab : utilisation du JDK $1 dans $2, et non de votre JDK par défaut $3 ; pour ./mvnw et mvn : export JAVA_HOME=$2" ;;
    *:jdk-note) echo "lab: using the JDK $1 at $2, not your default $3; for ./mvnw and mvn: export JAVA_HOME=$2" ;;
    de:no-jdk) printf '%s\n' "Dieses Lab braucht ein JDK $1 oder neuer, und es wurde keins gefunden." \
      "Durchsucht: JAVA_HOME, das java im PATH und die üblichen JDK-Ordner; gefunden:${2:- nichts}" \
      "Installieren Sie ein JDK $1 (zum Beispiel Temurin $1) und setzen Sie JAVA_HOME darauf:" \
      "    export JAVA_HOME=/pfad/zum/jdk-$1" ;;
    fr:no-jdk) printf '%s\n' "Ce lab a besoin d'un JDK $1 ou plus récent, et aucun n'a été trouvé." \
      "Cherché dans JAVA_HOME, le java du PATH et les dossiers de JDK habituels ; trouvé :${2:- rien}" \
      "Installez un JDK $1 (par exemple Temurin $1) et faites pointer JAVA_HOME dessus :" \
      "    export JAVA_HOME=/chemin/vers/jdk-$1" ;;
    *:no-jdk) printf '%s\n' "This lab needs a JDK $1 or newer, and none was found." \
      "Looked at JAVA_HOME, the java on PATH and the usual JDK folders; found:${2:- nothing}" \
      "Install a JDK $1 (for example Temurin $1) and point JAVA_HOME at it:" \
      "    export JAVA_HOME=/path/to/jdk-$1" ;;
    *) echo "lab: $key $*" ;;
  esac
}
