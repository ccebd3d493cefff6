package org.mdmenroll.command.credential;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The VPP port as the aggregate tests need it: answers queued in advance, every call listed with its sToken. */
class ScriptedVppLicenseClient implements VppLicenseClient {

    final List<String> calls = new ArrayList<>();
    final List<String> sTokensSeen = new ArrayList<>();
    private final Deque<Object> answers = new ArrayDeque<>();

    ScriptedVppLicenseClient answering(Object... eventIdsOrFailures) {
        answers.addAll(List.of(eventIdsOrFailures));
        return this;
    }

    @Override
    public String associate(String sToken, String adamId, List<String> serialNumbers) {
        return next("associate " + adamId + " " + serialNumbers, sToken);
    }

    @Override
    public String disassociate(String sToken, String adamId, List<String> serialNumbers) {
        return next("disassociate " + adamId + " " + serialNumbers, sToken);
    }

    private String next(String call, String sToken) {
        calls.add(call);
        sTokensSeen.add(sToken);
        Object answer = answers.removeFirst();
        if (answer instanceof VppServiceException e) {
            throw e;
        }
        return (String) answer;
    }
}
