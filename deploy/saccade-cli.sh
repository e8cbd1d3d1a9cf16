#!/bin/sh
# Saccade's command line inside the image (feed, events, engines, ...): lib/ (the engines) plus the CLI's jars;
# saccade.home finds the shipped bundle under /opt/saccade/models.
# SACCADE_JAVA_OPTS adds JVM options after the defaults (a later -D wins).
exec java -Xss2m -Dai.djl.offline=true -Dsaccade.home=/opt/saccade ${SACCADE_JAVA_OPTS:-} \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  -Dlog4j.configurationFile=/opt/flink/conf/log4j-console.properties \
  -cp "/opt/flink/lib/*:/opt/saccade/cli/*" dev.saccade.cli.SaccadeCli "$@"
