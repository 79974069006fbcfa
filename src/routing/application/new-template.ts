/** What describes an organization's own routing template, besides its rules. */
export interface NewTemplate {
  name: string;
  description: string;
  isPublic: boolean;
  isDefault: boolean;
}
