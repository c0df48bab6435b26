export * from './task';
export * from './power.interface';
export * from './hardware-type';
export * from './driver-registry';
export * from './fake/fake-power';
export * from './hardware-types/fake-hardware';
