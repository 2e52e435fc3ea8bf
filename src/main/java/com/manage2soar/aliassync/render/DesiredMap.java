package com.manage2soar.aliassync.render;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;

/** What a map file should hold after this run. */
public record DesiredMap(MapFile file, MapEntries entries) {}
