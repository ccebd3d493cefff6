package org.mdmenroll.bench.enrollment;

import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Services;

/** What a step may look at to decide whether the services offer it: the services and the flow's tenant. */
public record FlowContext(Services services, BenchTenant tenant, OpenApiPaths commandSidePaths) {
}
