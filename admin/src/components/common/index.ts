export * from './CountNotice';
export * from './DataTable';
export * from './FilterBar';
export * from './useT';
