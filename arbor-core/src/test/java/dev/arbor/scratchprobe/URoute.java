package dev.arbor.scratchprobe;
import dev.arbor.*;
@Route("/u/{x}")
public class URoute { public URoute() {} public Response get(Request r) { return Response.text("[" + r.pathParam("x") + "]"); } }
