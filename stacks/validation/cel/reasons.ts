/** Why a CEL rule was not evaluated (kept apart from the evaluator, so the CLI reads it without loading CEL). */
export const NO_LIVE_OBJECT = 'not evaluated: it compares with the live object (oldSelf), and there is none';
