package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.pack.Pack;
import java.time.Instant;

/**
 * An event that passed validation: its type, its time, the client's idempotency key (null when
 * none) and its fields (defaults filled in, the envelope's type/ts/id removed).
 */
public record IngestedEvent(Pack.EventType type, Instant ts, String id, ObjectNode data) {}
