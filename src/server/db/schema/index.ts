export * from "./network";
export * from "./members";
export * from "./auth";
export * from "./requests";
export * from "./ops";
export * from "./lan";
