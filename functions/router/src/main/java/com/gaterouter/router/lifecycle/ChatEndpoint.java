package com.gaterouter.router.lifecycle;

import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.RouterRequest;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorResult;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An endpoint whose requests are chat requests in the router's normal form: Chat Completions itself and the dialects
 * translated onto it (Anthropic Messages, OpenAI Responses). What they share is written here once: the worst case is
 * the normal form's ({@link WorstCase#ofChatOnEach}, which {@code PromptBound} bounds whatever dialect the request came
 * in), each attempt is one completion call, and the planner's answer becomes the lifecycle's the same way.
 */
public interface ChatEndpoint<R extends RouterRequest> extends Endpoint<R> {

    @Override
    default List<WorstCase> worstCaseOnEach(R request, List<ModelSpec> models, Instant at, WorstCase.Pricing pricing) {
        return WorstCase.ofChatOnEach(request.body(), models, at, pricing);
    }

    @Override
    default VendorResult call(VendorClient client, VendorCall call) {
        return client.complete(call);
    }

    /** The planner's answer for {@code request}: refused (its error as the dialect words it), or ready with its candidates. */
    static <R extends RouterRequest> Planned<R> planned(R request, CandidatePlanner.Plan plan, UnaryOperator<com.gaterouter.common.api.ApiError> wording) {
        return switch (plan) {
            case CandidatePlanner.Rejected rejected -> new Planned.Rejected<>(request,
                    new CandidatePlanner.Rejected(wording.apply(rejected.error()), rejected.model(), rejected.route()));
            case CandidatePlanner.Candidates candidates -> new Planned.Ready<>(request, candidates);
        };
    }

    /** The planner's answer for {@code request}, its error worded as the planner wrote it. */
    static <R extends RouterRequest> Planned<R> planned(R request, CandidatePlanner.Plan plan) {
        return switch (plan) {
            case CandidatePlanner.Rejected rejected -> new Planned.Rejected<>(request, rejected);
            case CandidatePlanner.Candidates candidates -> new Planned.Ready<>(request, candidates);
        };
    }
}
