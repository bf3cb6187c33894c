import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { CatalogEvents } from './catalog-events.js';

/** The app's own routes, with Nest's JSON body parsing, beside the webhook routes. */
@Controller()
export class ApiController {
  private readonly notes: string[] = [];

  constructor(@Inject(CatalogEvents) private readonly catalog: CatalogEvents) {}

  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }

  @Get('api/products')
  products(): Record<string, string> {
    return Object.fromEntries(this.catalog.names);
  }

  @Post('api/notes')
  addNote(@Body() body: { text?: unknown }): { notes: number } {
    if (typeof body.text === 'string') this.notes.push(body.text);
    return { notes: this.notes.length };
  }
}
