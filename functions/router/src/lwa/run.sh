#!/bin/sh
# Lambda Web Adapter starts this as the "handler" of RouterStreamingFunction: the router's
# streaming HTTP server on AWS_LWA_PORT. C1-only JIT for the fastest cold start.
exec java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp /var/task/lib/gaterouter-router.jar \
  com.gaterouter.router.StreamingRouterMain
