/**
 * The simulated server's request handling in OpenAI terms: what a completion request asks for
 * (parseCompletionRequest: prompt, token counts, streaming) and the response bodies and SSE
 * chunks it sends back. One whitespace-separated word of the prompt is one token.
 */

/** One request as the simulated engine needs it. */
export type CompletionRequest = {
  chat: boolean;
  inputTokens: number;
  maxTokens: number;
  stream: boolean;
  includeUsage: boolean;
};

/** A completion request's fields, or the 400 message that refuses it. */
export function parseCompletionRequest(
  chat: boolean,
  body: Record<string, unknown>,
): CompletionRequest | { error: string } {
  let prompt = '';
  if (chat) {
    const msgs = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : null;
    if (!msgs) return { error: 'messages: required array' };
    prompt = msgs.map((m) => (typeof m.content === 'string' ? m.content : '')).join(' ');
  } else {
    const p = body.prompt;
    prompt = typeof p === 'string' ? p : Array.isArray(p) && typeof p[0] === 'string' ? p[0] : '';
    if (typeof p !== 'string' && !Array.isArray(p)) return { error: 'prompt: required string' };
  }
  const maxTokens = Number(body.max_tokens ?? body.max_completion_tokens ?? 16);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) return { error: 'max_tokens must be a positive integer' };
  return {
    chat,
    inputTokens: Math.max(1, prompt.split(/\s+/).filter(Boolean).length),
    maxTokens,
    stream: body.stream === true,
    includeUsage: (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true,
  };
}

/** The identity a response carries. */
export type ResponseIds = { id: string; created: number; model: string; chat: boolean };
export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export function usage(inputTokens: number, generated: number): Usage {
  return { prompt_tokens: inputTokens, completion_tokens: generated, total_tokens: inputTokens + generated };
}

const objectName = (r: ResponseIds, streamed: boolean) =>
  r.chat ? (streamed ? 'chat.completion.chunk' : 'chat.completion') : 'text_completion';

/** One SSE event with one generated token (the first chat chunk names the assistant role). */
export function tokenChunk(r: ResponseIds, word: string, first: boolean, stamp: number): string {
  const choice = r.chat
    ? {
        index: 0,
        delta: first ? { role: 'assistant', content: word } : { content: word },
        logprobs: null,
        finish_reason: null,
      }
    : { index: 0, text: word, logprobs: null, finish_reason: null };
  return sse({
    id: r.id,
    object: objectName(r, true),
    created: r.created,
    model: r.model,
    choices: [choice],
    sim_t: stamp,
  });
}

/** The closing SSE events: the finish reason, the usage when asked for, and [DONE]. */
export function finalChunks(r: ResponseIds, u: Usage | null, stamp: number): string {
  const last = r.chat
    ? { index: 0, delta: {}, finish_reason: 'length' }
    : { index: 0, text: '', finish_reason: 'length' };
  const head = { id: r.id, object: objectName(r, true), created: r.created, model: r.model };
  let out = sse({ ...head, choices: [last], sim_t: stamp });
  if (u) out += sse({ ...head, choices: [], usage: u });
  return out + 'data: [DONE]\n\n';
}

/** The whole response of a request that did not ask to stream. */
export function completionBody(r: ResponseIds, text: string, u: Usage, stamp: number) {
  const choice = r.chat
    ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'length' }
    : { index: 0, text, finish_reason: 'length' };
  return {
    id: r.id,
    object: objectName(r, false),
    created: r.created,
    model: r.model,
    choices: [choice],
    usage: u,
    sim_t: stamp,
  };
}

function sse(o: unknown): string {
  return `data: ${JSON.stringify(o)}\n\n`;
}
