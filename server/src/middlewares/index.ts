import httpCache from './http-cache';

export default { ...httpCache };
