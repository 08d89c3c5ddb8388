export * from './studies';
export * from './runs';
export * from './imports';
export * from './auth';
export * from './reports';
export * from './sweeps';
export * from './workloads';
export * from './plans';
