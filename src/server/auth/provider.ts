/** Auth.js provider id of the email-link login; part of every link's URL. */
export const LOGIN_PROVIDER_ID = "nodemailer";
