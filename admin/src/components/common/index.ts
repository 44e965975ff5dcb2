export * from './CountNotice';
export * from './DataTable';
export * from './FilterBar';
export * from './JourneyPage';
export * from './useDebounced';
export * from './useT';
export * from './PublishNotice';
export * from './FilePicker';
