/** An expected failure (missing results, timeout, outside reference left): the CLI prints the message only, no stack. */
export class ReportError extends Error {
  override name = 'ReportError';
}
