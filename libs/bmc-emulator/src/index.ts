export * from './redfish-emulator';
export * from './system-state';
export * from './mockup-store';
export * from './event-service';
export * from './qemu-machines';
