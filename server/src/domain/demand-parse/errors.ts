/** A file the parser cannot read: `line` and `column` say where (either may be unknown). */
export class DemandParseError extends Error {
  constructor(
    message: string,
    public readonly line: number | null = null,
    public readonly column: string | null = null
  ) {
    super(message);
    this.name = 'DemandParseError';
  }
}

/** More data rows than the limit. */
export class DemandLimitError extends DemandParseError {
  constructor(public readonly limit: number) {
    super(
      `The file has more than ${limit.toLocaleString('en')} data rows; at most ${limit.toLocaleString('en')} can be imported at once: split the file (by date range or by country) and import each part as its own source.`
    );
    this.name = 'DemandLimitError';
  }
}

/** A mapping that names a field or column the file does not have. */
export class DemandMappingError extends DemandParseError {
  constructor(
    message: string,
    public readonly field: string,
    public readonly valid: readonly string[]
  ) {
    super(message);
    this.name = 'DemandMappingError';
  }
}
