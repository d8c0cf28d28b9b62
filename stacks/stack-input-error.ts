/** A wrong input of the app itself (which installs, which state backend): its message is the whole story. */
export class StackInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackInputError";
  }
}
