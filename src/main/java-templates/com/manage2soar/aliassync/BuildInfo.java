package com.manage2soar.aliassync;

/**
 * Facts of this build, filled in by Maven (templating-maven-plugin): a constant costs nothing at
 * start-up, where the jar manifest would have to be read.
 */
final class BuildInfo {
    static final String VERSION = "${project.version}";

    private BuildInfo() {}
}
