/** The child-JVM side of a check: runs a probe's scenario and reports what happened on a channel learner code has no handle to. */
module lab.probe {
    requires java.instrument;
    requires java.management;
    exports lab.probe;
}
