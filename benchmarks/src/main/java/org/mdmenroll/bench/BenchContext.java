package org.mdmenroll.bench;

import org.mdmenroll.bench.seed.EventStoreSeeder;

/** What every scenario works with: the sizes, the database, the running services, the results. */
public record BenchContext(BenchConfig config, BenchDatabase database, Services services, Results results,
                           MemorySampler memory, EventStoreSeeder seeder) {
}
