package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.Check;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which cost centre spend is charged to, as the directory stands when asked (cost centres are not
 * effective-dated yet): a project's own code, else its department's, else {@value Check#UNASSIGNED_COST_CENTER}.
 * Spend is attributed by its key: an app key belongs to one project (and its department) for good;
 * a key without a project is charged to its department's code, a key with neither (or one no longer
 * in the directory) to {@value Check#UNASSIGNED_COST_CENTER}.
 */
final class CostCenters {

    static final String UNASSIGNED = Check.UNASSIGNED_COST_CENTER;

    private final Directory directory;

    CostCenters(Directory directory) {
        this.directory = directory;
    }

    String ofDepartment(Optional<String> departmentId) {
        return departmentId.map(directory.departments()::get).flatMap(Department::costCenter).orElse(UNASSIGNED);
    }

    String ofProject(Project project) {
        return project.costCenter().orElseGet(() -> ofDepartment(Optional.of(project.departmentId())));
    }

    String ofKey(String keyId) {
        ManagedKey key = directory.keys().get(keyId);
        if (key == null) {
            return UNASSIGNED;
        }
        Optional<Project> project = key.projectId().map(directory.projects()::get);
        return project.isPresent() ? ofProject(project.get()) : ofDepartment(key.departmentId());
    }

    /** What one cost centre covers: the departments whose own code it is (or, for unassigned, that have none) and the projects charged to it. */
    record Coverage(List<String> departments, List<String> projects) {
    }

    /** Every cost centre named by a department or project (and unassigned, when anything falls to it), with what it covers, by code. */
    Map<String, Coverage> coverage() {
        Map<String, List<String>> departments = new TreeMap<>();
        Map<String, List<String>> projects = new TreeMap<>();
        directory.departments().values().forEach(d -> departments.computeIfAbsent(ofDepartment(Optional.of(d.departmentId())),
                c -> new ArrayList<>()).add(d.departmentId()));
        directory.projects().values().forEach(p -> projects.computeIfAbsent(ofProject(p), c -> new ArrayList<>()).add(p.projectId()));
        Map<String, Coverage> coverage = new TreeMap<>();
        departments.keySet().forEach(c -> coverage.put(c, null));
        projects.keySet().forEach(c -> coverage.put(c, null));
        coverage.replaceAll((code, none) -> new Coverage(sorted(departments.get(code)), sorted(projects.get(code))));
        return coverage;
    }

    private static List<String> sorted(List<String> ids) {
        return ids == null ? List.of() : ids.stream().sorted().toList();
    }
}
