// Every engine of this package. Importing this module loads no driver.
export const engines = [] as const;
