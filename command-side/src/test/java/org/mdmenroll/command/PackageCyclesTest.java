package org.mdmenroll.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Command-side's feature packages (tenant, device, apple, ...) depend on each other one way only:
 * a package that needs another's code never has that package need its own.
 */
@AnalyzeClasses(packages = "org.mdmenroll.command", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("org.mdmenroll.command.(*)..").should().beFreeOfCycles();
}
